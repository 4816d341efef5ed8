//! The server on a real socket, through `motcua::http::serve::serve`, with a
//! raw TCP client (no HTTP client library: the point is to misbehave).

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use motcua::http::serve::{serve, ServerOptions};
use motcua::http::{router, AppState};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::support::{assistant, limits};

const HEADER_TIMEOUT: Duration = Duration::from_secs(2);
/// Generous bound for anything that should be quick, on a loaded 2-core box.
const PATIENCE: Duration = Duration::from_secs(20);

struct Server {
    addr: SocketAddr,
    stop: oneshot::Sender<()>,
    task: JoinHandle<std::io::Result<()>>,
}

async fn start() -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind port 0");
    let addr = listener.local_addr().expect("local address");
    let (stop, stopped) = oneshot::channel::<()>();
    let options = ServerOptions {
        header_read_timeout: HEADER_TIMEOUT,
        shutdown_grace: Duration::from_secs(10),
        max_connections: 64,
    };
    let app = router(AppState::ready(assistant(), limits()));
    let task = tokio::spawn(serve(listener, app, options, async {
        let _ = stopped.await;
    }));
    Server { addr, stop, task }
}

impl Server {
    /// Signal shutdown and wait for the server to finish; returns how long it took.
    async fn shut_down(self) -> Duration {
        let start = Instant::now();
        let _ = self.stop.send(());
        tokio::time::timeout(PATIENCE, self.task)
            .await
            .expect("shutdown completes")
            .expect("server task")
            .expect("server result");
        start.elapsed()
    }
}

/// Read one response: status and body (by `Content-Length`).
async fn read_response(stream: &mut TcpStream) -> (u16, String) {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 8192];
    let head_end = loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
        let n = tokio::time::timeout(PATIENCE, stream.read(&mut chunk))
            .await
            .expect("response in time")
            .expect("read");
        assert!(
            n > 0,
            "connection closed before a response: {:?}",
            String::from_utf8_lossy(&buf)
        );
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).to_string();
    let status: u16 = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("status line");
    let length: usize = head
        .lines()
        .find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case("content-length")
                .then(|| v.trim().parse().ok())?
        })
        .expect("content-length");
    while buf.len() < head_end + length {
        let n = tokio::time::timeout(PATIENCE, stream.read(&mut chunk))
            .await
            .expect("body in time")
            .expect("read");
        assert!(n > 0, "connection closed mid-body");
        buf.extend_from_slice(&chunk[..n]);
    }
    (
        status,
        String::from_utf8_lossy(&buf[head_end..head_end + length]).to_string(),
    )
}

fn post_chat(message: &str, close: bool) -> String {
    let body = serde_json::json!({ "message": message }).to_string();
    format!(
        "POST /api/chat HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\nContent-Length: {}\r\n{}\r\n{body}",
        body.len(),
        if close { "Connection: close\r\n" } else { "" }
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_real_server_answers_a_chat_over_tcp() {
    let server = start().await;
    let mut stream = TcpStream::connect(server.addr).await.expect("connect");
    stream
        .write_all(post_chat("làm giấy khai sinh cho con cần gì", true).as_bytes())
        .await
        .expect("write");
    let (status, body) = read_response(&mut stream).await;
    assert_eq!(status, 200, "{body}");
    let json: serde_json::Value = serde_json::from_str(&body).expect("JSON body");
    assert_eq!(json["procedure"]["code"], "1.001193", "{}", json["answer"]);
    server.shut_down().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_longest_query_fully_percent_encoded_fits_in_the_request_line() {
    let server = start().await;
    let q = crate::support::encode(&"ữ".repeat(motcua::http::limits::MAX_QUERY_CHARS));
    let mut stream = TcpStream::connect(server.addr).await.expect("connect");
    let request =
        format!("GET /api/search?q={q} HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).await.expect("write");
    let (status, body) = read_response(&mut stream).await;
    assert_eq!(status, 200, "{body}");
    server.shut_down().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_stalling_mid_request_line_is_cut_off_while_others_are_served() {
    let server = start().await;
    let mut slow = TcpStream::connect(server.addr).await.expect("connect");
    slow.write_all(b"GET /healthz HT")
        .await
        .expect("write half a line");
    let stalled_at = Instant::now();

    // A normal client is served meanwhile.
    let mut normal = TcpStream::connect(server.addr).await.expect("connect");
    normal
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n")
        .await
        .expect("write");
    let (status, body) = read_response(&mut normal).await;
    assert_eq!(status, 200, "{body}");
    assert!(
        stalled_at.elapsed() < HEADER_TIMEOUT,
        "the normal request waited for the slow one"
    );

    // The slow one is disconnected once the header timeout passes.
    let mut rest = Vec::new();
    let read = tokio::time::timeout(PATIENCE, slow.read_to_end(&mut rest)).await;
    let waited = stalled_at.elapsed();
    assert!(read.is_ok(), "the stalled connection was never closed");
    assert!(
        !String::from_utf8_lossy(&rest).contains("200 OK"),
        "a half request was answered"
    );
    assert!(
        waited >= HEADER_TIMEOUT - Duration::from_millis(50),
        "closed after {waited:?}, before the header timeout"
    );
    assert!(
        waited < HEADER_TIMEOUT + Duration::from_secs(5),
        "closed only after {waited:?}"
    );
    server.shut_down().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shutdown_lets_the_request_in_flight_finish_and_closes_idle_connections() {
    let server = start().await;
    let addr = server.addr;

    // An idle keep-alive connection, after one answered request.
    let mut idle = TcpStream::connect(addr).await.expect("connect");
    idle.write_all(b"GET /healthz HTTP/1.1\r\nHost: test\r\n\r\n")
        .await
        .expect("write");
    assert_eq!(read_response(&mut idle).await.0, 200);

    // A request in flight: headers and half of the body sent.
    let request = post_chat("làm giấy khai sinh cho con cần gì", false);
    let split = request.len() - 10;
    let mut busy = TcpStream::connect(addr).await.expect("connect");
    busy.write_all(&request.as_bytes()[..split])
        .await
        .expect("write");
    tokio::time::sleep(Duration::from_millis(100)).await;

    let shutting_down = tokio::spawn(server.shut_down());
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(
        !shutting_down.is_finished(),
        "shutdown did not wait for the request in flight"
    );

    busy.write_all(&request.as_bytes()[split..])
        .await
        .expect("write the rest");
    let (status, body) = read_response(&mut busy).await;
    assert_eq!(status, 200, "{body}");

    let took = tokio::time::timeout(PATIENCE, shutting_down)
        .await
        .expect("shutdown completes")
        .expect("shutdown task");
    assert!(
        took < Duration::from_secs(10),
        "shutdown took the whole grace period: {took:?}"
    );

    let mut rest = Vec::new();
    let closed = tokio::time::timeout(PATIENCE, idle.read_to_end(&mut rest)).await;
    assert!(closed.is_ok(), "the idle connection stayed open");
    assert!(
        TcpStream::connect(addr).await.is_err(),
        "still accepting after shutdown"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_one_mebibyte_body_gets_a_413_json_answer_over_tcp() {
    let server = start().await;
    let body = format!(r#"{{"message":"{}"}}"#, "a".repeat(1 << 20));

    // Declared length: refused before the body is read.
    let mut stream = TcpStream::connect(server.addr).await.expect("connect");
    let head = format!(
        "POST /api/chat HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).await.expect("write head");
    // The server may answer and close before taking the whole body.
    let _ = stream.write_all(&body.as_bytes()[..64 * 1024]).await;
    let (status, text) = read_response(&mut stream).await;
    assert_eq!(status, 413, "{text}");
    let json: serde_json::Value = serde_json::from_str(&text).expect("JSON body");
    assert_eq!(json["error"]["code"], "payload_too_large");

    // Chunked, no declared length: refused once the limit is passed.
    let mut stream = TcpStream::connect(server.addr).await.expect("connect");
    stream
        .write_all(b"POST /api/chat HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n")
        .await
        .expect("write head");
    let writer = async move {
        for chunk in body.as_bytes().chunks(32 * 1024) {
            let framed = [format!("{:x}\r\n", chunk.len()).as_bytes(), chunk, b"\r\n"].concat();
            if stream.write_all(&framed).await.is_err() {
                break;
            }
        }
        let _ = stream.write_all(b"0\r\n\r\n").await;
        stream
    };
    let mut stream = tokio::time::timeout(PATIENCE, writer)
        .await
        .expect("write in time");
    let (status, text) = read_response(&mut stream).await;
    assert_eq!(status, 413, "{text}");
    assert!(text.contains("payload_too_large"), "{text}");
    server.shut_down().await;
}
