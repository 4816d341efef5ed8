//! Read and write `documents/<stem>.md`. TODO
