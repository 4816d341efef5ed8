//! Commune profile and server configuration. TODO
