//! TODO(import portal)
