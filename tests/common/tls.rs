//! HTTPS to a test server (the workbench's `--tls`, CONTENT-MODEL §9.4):
//! a self-signed certificate for 127.0.0.1, and a client trusting only it.

use super::Site;

/// Writes a certificate for 127.0.0.1 and its key to the site's
/// `tls/cert.pem` and `tls/key.pem`; the certificate.
pub fn self_signed(site: &Site) -> String {
    let made = rcgen::generate_simple_self_signed(vec!["127.0.0.1".to_string()]).unwrap();
    let cert_pem = made.cert.pem();
    site.write("tls/cert.pem", &cert_pem);
    site.write("tls/key.pem", made.signing_key.serialize_pem());
    cert_pem
}

/// A TLS connection to the test server, trusting only its certificate.
pub struct Tls(
    tokio_rustls::rustls::StreamOwned<tokio_rustls::rustls::ClientConnection, std::net::TcpStream>,
);

impl std::io::Read for Tls {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        self.0.read(buf)
    }
}

impl std::io::Write for Tls {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.write(buf)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()
    }
}

impl super::TimeoutStream for Tls {
    fn read_timeout(&mut self, wait: std::time::Duration) {
        self.0.sock.set_read_timeout(Some(wait)).unwrap();
    }
}

pub fn tls_to(addr: std::net::SocketAddr, cert_pem: &str) -> Tls {
    use rustls_pki_types::pem::PemObject;
    use tokio_rustls::rustls;
    let mut roots = rustls::RootCertStore::empty();
    let cert = rustls_pki_types::CertificateDer::from_pem_slice(cert_pem.as_bytes()).unwrap();
    roots.add(cert).unwrap();
    #[allow(deprecated)]
    let provider = std::sync::Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_root_certificates(roots)
        .with_no_client_auth();
    let name = rustls_pki_types::ServerName::try_from("127.0.0.1").unwrap();
    let connection = rustls::ClientConnection::new(std::sync::Arc::new(config), name).unwrap();
    let tcp = std::net::TcpStream::connect(addr).unwrap();
    Tls(rustls::StreamOwned::new(connection, tcp))
}
