// TEMPORARY
pub fn serve(
    _opts: crate::build::BuildOptions,
    _bind: &str,
    _port: u16,
    _poll: bool,
) -> Result<(), String> {
    Err("not yet".into())
}
