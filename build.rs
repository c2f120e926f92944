// Rebuild when built-in scenarios or rubrics are added or removed: include_dir embeds the
// folders, but cargo only tracks files it was told about.
fn main() {
    println!("cargo:rerun-if-changed=scenarios");
    println!("cargo:rerun-if-changed=rubrics");
}
