//! Compresses the bundled fonts (assets/fonts, 4.6 MB as TTF) with DEFLATE into OUT_DIR;
//! `fonts.rs` embeds the compressed bytes and inflates them once, the first time a PDF is
//! laid out. The binary is ~2.3 MB smaller (the release size target is 15 MB); the fonts
//! krilla embeds and the PDFs are byte for byte the same.

use std::io::Write;
use std::path::PathBuf;

const FONTS: [&str; 3] = ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "Symbola.ttf"];

fn main() {
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets it"));
    for name in FONTS {
        let src = manifest.join("../../assets/fonts").join(name);
        println!("cargo:rerun-if-changed={}", src.display());
        let bytes = std::fs::read(&src).unwrap_or_else(|e| panic!("{}: {e}", src.display()));
        let mut z = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::best());
        z.write_all(&bytes).expect("in memory");
        let packed = z.finish().expect("in memory");
        std::fs::write(out.join(format!("{name}.deflate")), packed).expect("OUT_DIR is writable");
    }
}
