//! Wiredesk's one integration-test binary: the core through its public API,
//! the `wiredesk` CLI as a user runs it, and the shared wire-copy corpus.

mod anchors;
mod attribution;
mod claims_gold;
mod cleaning;
mod cleaning_corpus;
mod cli;
mod cli_fuzz;
mod concurrency;
mod corpus;
mod crash;
mod dates;
mod desk;
mod export;
mod findings;
mod furniture;
mod gold;
mod hostile;
mod library;
mod linking;
mod live;
mod open_failure;
mod red_team;
mod reliability;
mod search;
mod security;
mod style;
mod support;
mod team;
mod team_search;
