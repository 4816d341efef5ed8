//! TODO(http): not yet built.
