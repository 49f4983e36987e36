"""The network engine: sparse arrays in, suggestions and their evaluation out (pure numpy/scipy)."""
