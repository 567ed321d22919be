//! Integration tests (one binary, a module per area).

mod backup;
mod crash;
mod export;
mod faults;
mod followup;
mod hostile;
mod planning;
mod privacy;
mod screen;
mod store;
mod tidy;
mod upgrade;
mod versions;
