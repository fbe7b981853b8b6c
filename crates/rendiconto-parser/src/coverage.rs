//! Proof that nothing is lost: every word of every source line must be found in a
//! model item that cites that line (or be a structural label such as a table header).
