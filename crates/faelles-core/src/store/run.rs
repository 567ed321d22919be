//! Queries for running a meeting (agenda timing, notes, agreements, carry-over, evaluations) that the base set lacks.
