//! Corpus validation (`motcua check`). TODO
