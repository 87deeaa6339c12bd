"""Discussion forums."""
