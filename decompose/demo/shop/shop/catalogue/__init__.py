"""Categories, products and their images."""
