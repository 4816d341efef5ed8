//! TODO(import phapdien)
