package dev.herald.benchmarks;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * One keep-alive HTTP/1.1 connection of the {@link LoadGenerator} with its own read buffer: the
 * request written as given, the answer's status line, headers and body read exactly
 * (Content-Length or chunked).
 */
final class KeepAliveConnection implements AutoCloseable {
    private final URI target;
    private final byte[] buf = new byte[64 * 1024];
    private final byte[] lastBody = new byte[512];
    private int lastBodyLength;
    private int pos;
    private int limit;
    private volatile Socket socket;
    private InputStream in;
    private OutputStream out;

    KeepAliveConnection(URI target) {
        this.target = target;
    }

    void connect() throws IOException {
        close();
        Socket s = new Socket();
        s.setTcpNoDelay(true);
        s.setSoTimeout(120_000);
        s.connect(new InetSocketAddress(target.getHost(), target.getPort()), 5_000);
        socket = s;
        in = s.getInputStream();
        out = s.getOutputStream();
        pos = 0;
        limit = 0;
    }

    /** Writes the request, reads the whole answer; returns its status. Reconnects when the server closed. */
    int exchange(byte[] request) throws IOException {
        if (socket == null) {
            connect();
        }
        out.write(request);
        out.flush();
        String statusLine = line();
        if (statusLine == null) {
            throw new EOFException("connection closed before the answer");
        }
        // "HTTP/1.1 200 OK"
        int sp = statusLine.indexOf(' ');
        if (!statusLine.startsWith("HTTP/1.") || sp < 0 || statusLine.length() < sp + 4) {
            throw new IOException("not an HTTP answer: " + statusLine);
        }
        int status = Integer.parseInt(statusLine.substring(sp + 1, sp + 4));
        long contentLength = -1;
        boolean chunked = false;
        boolean close = statusLine.startsWith("HTTP/1.0");
        for (String h = line(); ; h = line()) {
            if (h == null) {
                throw new EOFException("connection closed in the answer's headers");
            }
            if (h.isEmpty()) {
                break;
            }
            int colon = h.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = h.substring(0, colon).trim();
            String value = h.substring(colon + 1).trim();
            if (name.equalsIgnoreCase("Content-Length")) {
                contentLength = Long.parseLong(value);
            } else if (name.equalsIgnoreCase("Transfer-Encoding") && value.toLowerCase().contains("chunked")) {
                chunked = true;
            } else if (name.equalsIgnoreCase("Connection")) {
                close = value.equalsIgnoreCase("close");
            }
        }
        lastBodyLength = 0;
        if (chunked) {
            while (true) {
                String size = line();
                if (size == null) {
                    throw new EOFException("connection closed in a chunked body");
                }
                int semi = size.indexOf(';');
                long chunk = Long.parseLong((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
                if (chunk == 0) {
                    while (true) { // trailers up to the empty line
                        String t = line();
                        if (t == null || t.isEmpty()) {
                            break;
                        }
                    }
                    break;
                }
                body(chunk);
                if (!"".equals(line())) {
                    throw new IOException("chunk not followed by CRLF");
                }
            }
        } else if (contentLength >= 0) {
            body(contentLength);
        } else if (status >= 200 && status != 204 && status != 304) {
            // No length: the body runs to the end of the connection.
            while (fill()) {
                body(limit - pos);
            }
            close = true;
        }
        if (close) {
            close();
        }
        return status;
    }

    /** The start of the last answer's body, for error messages. */
    String lastBody() {
        return new String(lastBody, 0, lastBodyLength, StandardCharsets.UTF_8);
    }

    private void body(long length) throws IOException {
        long left = length;
        while (left > 0) {
            if (pos == limit && !fill()) {
                throw new EOFException("connection closed with " + left + " body bytes unread");
            }
            int n = (int) Math.min(left, limit - pos);
            int keep = Math.min(n, lastBody.length - lastBodyLength);
            System.arraycopy(buf, pos, lastBody, lastBodyLength, keep);
            lastBodyLength += keep;
            pos += n;
            left -= n;
        }
    }

    /** One CRLF-terminated line (ISO-8859-1), without the CRLF; null at the end of the stream. */
    private String line() throws IOException {
        StringBuilder sb = null;
        while (true) {
            for (int i = pos; i < limit; i++) {
                if (buf[i] == '\n') {
                    int end = i > pos && buf[i - 1] == '\r' ? i - 1 : i;
                    String part = new String(buf, pos, end - pos, StandardCharsets.ISO_8859_1);
                    pos = i + 1;
                    if (sb == null) {
                        return part;
                    }
                    sb.append(part);
                    int last = sb.length() - 1;
                    if (end == i && last >= 0 && sb.charAt(last) == '\r') {
                        sb.setLength(last); // the CR was at the end of the previous buffer
                    }
                    return sb.toString();
                }
            }
            if (sb == null) {
                sb = new StringBuilder();
            }
            sb.append(new String(buf, pos, limit - pos, StandardCharsets.ISO_8859_1));
            pos = limit;
            if (!fill()) {
                return sb.isEmpty() ? null : sb.toString();
            }
        }
    }

    private boolean fill() throws IOException {
        if (pos < limit) {
            return true;
        }
        int n = in.read(buf, 0, buf.length);
        if (n <= 0) {
            return false;
        }
        pos = 0;
        limit = n;
        return true;
    }

    @Override
    public void close() {
        Socket s = socket;
        socket = null;
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
