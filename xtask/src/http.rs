//! The smallest HTTP/1.1 server that serves the app and the tests reliably: one thread
//! per connection, one request per connection (`Connection: close`).
//!
//! Why not tiny_http, used before: its connection pool can leave a newly accepted
//! connection queued behind long-lived keep-alive connections, so a browser opening
//! several connections at once sometimes waited for ever for one file (the browser
//! tests hung on `app.js` or `index.pack`). Closing every connection after its answer
//! costs a local server nothing and leaves nothing to queue.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// Requests with larger heads or bodies are refused (a local static server needs neither).
const MAX_HEAD: usize = 64 * 1024;
const MAX_BODY: usize = 1024 * 1024;

pub struct Request {
    pub method: String,
    /// Path and query, as sent.
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Request {
    /// A header's value (names compared without case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn new(status: u16, body: Vec<u8>) -> Response {
        Response { status, headers: Vec::new(), body }
    }

    pub fn with_header(mut self, name: &str, value: &str) -> Response {
        self.headers.push((name.to_string(), value.to_string()));
        self
    }
}

/// A bound server; [`Server::run`] answers until [`Server::stop`].
pub struct Server {
    listener: TcpListener,
    stopped: AtomicBool,
}

impl Server {
    pub fn bind(addr: &str) -> Result<Arc<Server>, String> {
        let listener = TcpListener::bind(addr).map_err(|e| format!("cannot listen on {addr}: {e}"))?;
        Ok(Arc::new(Server { listener, stopped: AtomicBool::new(false) }))
    }

    pub fn addr(&self) -> SocketAddr {
        self.listener.local_addr().expect("a bound listener has an address")
    }

    /// Answers every connection with `handler`, each on its own thread, until stopped.
    pub fn run(&self, handler: Arc<dyn Fn(Request) -> Response + Send + Sync>) {
        for stream in self.listener.incoming() {
            if self.stopped.load(Ordering::SeqCst) {
                break;
            }
            let Ok(stream) = stream else { continue };
            let handler = handler.clone();
            std::thread::spawn(move || {
                let _ = serve_one(stream, &*handler);
            });
        }
    }

    /// Stops accepting: `run` returns, and once the server is dropped its port is closed.
    pub fn stop(&self) {
        self.stopped.store(true, Ordering::SeqCst);
        // `accept` is blocking: one last connection wakes it up to see the flag.
        let _ = TcpStream::connect(self.addr());
    }
}

fn read_request(stream: &TcpStream) -> Option<Request> {
    let mut reader = BufReader::new(stream);
    let mut head = Vec::new();
    loop {
        let mut line = Vec::new();
        if reader.read_until(b'\n', &mut line).ok()? == 0 {
            return None;
        }
        head.extend_from_slice(&line);
        if head.len() > MAX_HEAD {
            return None;
        }
        if line == b"\r\n" || line == b"\n" {
            break;
        }
    }
    let head = String::from_utf8_lossy(&head);
    let mut lines = head.lines();
    let mut first = lines.next()?.split_whitespace();
    let (method, url) = (first.next()?.to_string(), first.next()?.to_string());
    let headers: Vec<(String, String)> =
        lines.filter_map(|l| l.split_once(':')).map(|(n, v)| (n.trim().to_string(), v.trim().to_string())).collect();
    let mut request = Request { method, url, headers, body: Vec::new() };
    let length = request.header("Content-Length").and_then(|v| v.parse::<usize>().ok()).unwrap_or(0);
    if length > MAX_BODY {
        return None;
    }
    request.body = vec![0; length];
    reader.read_exact(&mut request.body).ok()?;
    Some(request)
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        204 => "No Content",
        404 => "Not Found",
        _ => "Status",
    }
}

fn serve_one(mut stream: TcpStream, handler: &dyn Fn(Request) -> Response) -> std::io::Result<()> {
    let Some(request) = read_request(&stream) else { return Ok(()) };
    let head_only = request.method == "HEAD";
    let response = handler(request);
    let mut head = format!(
        "HTTP/1.1 {} {}\r\nContent-Length: {}\r\nConnection: close\r\n",
        response.status,
        reason(response.status),
        response.body.len()
    );
    for (name, value) in &response.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    if !head_only {
        stream.write_all(&response.body)?;
    }
    stream.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_and_stops() {
        let server = Server::bind("127.0.0.1:0").unwrap();
        let s = server.clone();
        let handle = std::thread::spawn(move || {
            s.run(Arc::new(|r: Request| {
                Response::new(200, format!("{} {} {:?}", r.method, r.url, r.header("x-test")).into_bytes())
            }))
        });
        let mut c = TcpStream::connect(server.addr()).unwrap();
        c.write_all(b"GET /a?b=1 HTTP/1.1\r\nHost: x\r\nX-Test: yes\r\n\r\n").unwrap();
        let mut out = String::new();
        c.read_to_string(&mut out).unwrap();
        assert!(out.starts_with("HTTP/1.1 200 OK\r\n"), "{out}");
        assert!(out.contains("Connection: close"));
        assert!(out.ends_with("GET /a?b=1 Some(\"yes\")"), "{out}");
        server.stop();
        handle.join().unwrap();
    }
}
