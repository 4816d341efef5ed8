//! TODO(assistant): not yet built.
