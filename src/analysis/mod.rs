//! TODO(analysis): not yet built.
