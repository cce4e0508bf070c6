//! The migrations and the sample stories are embedded with `include_dir!`,
//! which on stable Rust does not tell Cargo about the files it reads: a new
//! or edited migration must rebuild the core all the same.
fn main() {
    println!("cargo:rerun-if-changed=../../migrations");
    println!("cargo:rerun-if-changed=samples");
}
