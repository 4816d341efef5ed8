//! TODO(search): not yet built.
