//! Runs the PDF tools on the host for tests built for Windows and run under Wine, which
//! cannot start Linux programs (`faelles_pdf::validate::serve`): listens on a free loopback
//! port, prints `FAELLES_HOST_TOOLS=127.0.0.1:<port>` and serves until it is ended.
//! scripts/windows-test.sh builds it (`cargo build --workspace --example host-tools`) and
//! starts `target/debug/examples/host-tools`.

fn main() -> std::io::Result<()> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    println!(
        "{}={}",
        faelles_pdf::validate::HOST_TOOLS_ENV,
        listener.local_addr()?
    );
    faelles_pdf::validate::serve(listener)
}
