"""What a build writes besides pages: feeds, handouts, QR codes, assets, the publish step."""
