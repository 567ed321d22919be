//! Running a meeting: agenda walk, attendance, notes, agreements, evaluations, closing.
