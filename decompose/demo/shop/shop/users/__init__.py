"""User accounts and addresses."""
