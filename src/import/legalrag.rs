//! TODO(import legalrag)
