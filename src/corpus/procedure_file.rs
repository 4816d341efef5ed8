//! Read and write `procedures/<code>.toml`. TODO
