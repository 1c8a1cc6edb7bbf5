"""What a build reads: firm.yaml parsed with positions, validated, checked across fields."""
