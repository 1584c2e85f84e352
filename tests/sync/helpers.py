"""Shared sync test data: a copy of the demo workspace, the receiver on a real port, tokens."""

from __future__ import annotations

import os
import shutil
import socket
import ssl
import subprocess
import sys
import time
from pathlib import Path

import httpx

from resilience_desktop.workspace.facade import Workspace

JASYL = "Jasyl-Dala"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def copy_demo(template: Path, folder: Path) -> Path:
    """A private copy of the (closed) demo workspace."""
    return Path(shutil.copy(template, folder / "demo.rdw"))


def city_assessments(ws: Workspace, city_name: str = JASYL) -> tuple[str, list[str]]:
    """The id of the demo city ``city_name`` and its assessments' ids."""
    city = next(c for c in ws.list_cities() if c.name == city_name)
    return city.id, [a.id for a in ws.list_assessments() if a.city_id == city.id]


class Receiver:
    """``national serve`` in a subprocess on 127.0.0.1 at a free port: started, killed, restarted by the test."""

    def __init__(self, db: str, *extra: str, workers: int = 1, tls: tuple[Path, Path, Path] | None = None):
        self.db, self.workers = db, workers
        self.port = free_port()
        self.tls = tls  # (CA certificate, server certificate, server key): serve HTTPS
        self.extra = extra + (("--ssl-certfile", str(tls[1]), "--ssl-keyfile", str(tls[2])) if tls else ())
        self.url = f"{'https' if tls else 'http'}://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen | None = None

    def start(self, timeout: float = 60) -> "Receiver":
        self.proc = subprocess.Popen([sys.executable, "-m", "resilience_desktop", "national", "serve", "--db", self.db,
                                      "--port", str(self.port), "--workers", str(self.workers), "--log-level",
                                      "warning", *self.extra], env=os.environ.copy(),
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
        deadline = time.monotonic() + timeout
        # One client for the whole wait: a TLS context per poll (httpx.get) loaded the CA bundle every
        # 50 ms, ~20 s of the suite's CPU. The port is tried with a bare connect first.
        verify = ssl.create_default_context(cafile=str(self.tls[0])) if self.tls else False
        with httpx.Client(timeout=1, verify=verify) as client:
            while time.monotonic() < deadline:
                if self.proc.poll() is not None:
                    raise RuntimeError(f"the receiver exited: {self.proc.stderr.read().decode()[-2000:]}")
                try:
                    with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                        pass
                    if client.get(f"{self.url}/api/v1/health").status_code == 200:
                        return self
                except (OSError, httpx.HTTPError):
                    pass
                time.sleep(0.05)
        self.stop()
        raise RuntimeError("the receiver did not start in time")

    def kill(self) -> None:
        """SIGKILL the whole process group (the server and its workers), as a crash would."""
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, 9)
            self.proc.wait(timeout=30)
        self.proc = None

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()
        self.proc = None


def make_tls(folder: Path) -> tuple[Path, Path, Path]:
    """A throwaway CA and a server certificate for 127.0.0.1 signed by it: (ca.pem, server.pem, server.key)."""
    import datetime
    import ipaddress
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID
    now = datetime.datetime.now(datetime.timezone.utc)

    def name(text: str) -> x509.Name:
        return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, text)])
    ca_key, key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    ca = (x509.CertificateBuilder().subject_name(name("Test national CA")).issuer_name(name("Test national CA"))
          .public_key(ca_key.public_key()).serial_number(1).not_valid_before(now - datetime.timedelta(days=1))
          .not_valid_after(now + datetime.timedelta(days=2))
          .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
          .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=True, content_commitment=False,
                                       key_encipherment=False, data_encipherment=False, key_agreement=False,
                                       encipher_only=False, decipher_only=False), critical=True)
          .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
          .sign(ca_key, hashes.SHA256()))
    cert = (x509.CertificateBuilder().subject_name(name("127.0.0.1")).issuer_name(ca.subject)
            .public_key(key.public_key()).serial_number(2).not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=2))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                           critical=False)
            .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
            .sign(ca_key, hashes.SHA256()))
    paths = (folder / "ca.pem", folder / "server.pem", folder / "server.key")
    paths[0].write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    paths[1].write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    paths[2].write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return paths
