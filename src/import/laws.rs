//! TODO(import laws)
