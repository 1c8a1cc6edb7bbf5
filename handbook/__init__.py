"""handbook: client onboarding handbooks for accounting firms, from firm.yaml."""

__version__ = "0.1.0"
