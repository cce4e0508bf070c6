//! Wiredesk's one integration-test binary: the core through its public API,
//! the `wiredesk` CLI as a user runs it, and the shared wire-copy corpus.

mod claims_gold;
mod cli;
mod corpus;
mod desk;
mod export;
mod gold;
mod library;
mod security;
mod support;
