//! TODO(index): not yet built.
