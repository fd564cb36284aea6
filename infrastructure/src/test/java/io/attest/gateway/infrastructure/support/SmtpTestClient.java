package io.attest.gateway.infrastructure.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * An SMTP client over a plain socket on loopback, saying one command at a time and keeping each reply, so that a test
 * reads the exact code and words the gateway answers.
 */
public final class SmtpTestClient implements AutoCloseable {

    private Socket socket;
    private BufferedReader in;
    private OutputStream out;

    /** A reply: its code and its last line's text. */
    public record Reply(int code, String text) {
        @Override
        public String toString() {
            return code + " " + text;
        }
    }

    private SmtpTestClient(int port) throws IOException {
        socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(30_000);
        in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        out = socket.getOutputStream();
    }

    /** Connected, greeted and EHLO said. */
    public static SmtpTestClient connect(int port) throws IOException {
        SmtpTestClient client = new SmtpTestClient(port);
        Reply greeting = client.reply();
        if (greeting.code() != 220) {
            throw new IOException("no greeting: " + greeting);
        }
        client.command("EHLO test.example");
        return client;
    }

    public Reply command(String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        return reply();
    }

    /** STARTTLS, the TLS handshake trusting what {@code tls} trusts, and EHLO again; the reply to STARTTLS. */
    public Reply startTls(javax.net.ssl.SSLContext tls) throws IOException {
        Reply reply = command("STARTTLS");
        if (reply.code() != 220) {
            return reply;
        }
        javax.net.ssl.SSLSocket secured = (javax.net.ssl.SSLSocket) tls.getSocketFactory().createSocket(socket,
                "127.0.0.1", socket.getPort(), true);
        secured.setUseClientMode(true);
        secured.startHandshake();
        socket = secured;
        in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        out = socket.getOutputStream();
        command("EHLO test.example");
        return reply;
    }

    /** AUTH PLAIN with the username and password. */
    public Reply login(String username, String password) throws IOException {
        String token = Base64.getEncoder().encodeToString(("\0" + username + "\0" + password)
                .getBytes(StandardCharsets.UTF_8));
        return command("AUTH PLAIN " + token);
    }

    /** MAIL FROM, RCPT TO and DATA with this mail (headers and body, CRLF line ends); the first refusal is returned. */
    public Reply send(String from, String to, String mail) throws IOException {
        Reply reply = command("MAIL FROM:<" + from + ">");
        if (reply.code() >= 400) {
            return reply;
        }
        reply = command("RCPT TO:<" + to + ">");
        if (reply.code() >= 400) {
            command("RSET");
            return reply;
        }
        return data(mail);
    }

    public Reply data(String mail) throws IOException {
        Reply reply = command("DATA");
        if (reply.code() != 354) {
            return reply;
        }
        StringBuilder stuffed = new StringBuilder();
        for (String line : mail.split("\r\n", -1)) {
            stuffed.append(line.startsWith(".") ? "." + line : line).append("\r\n");
        }
        out.write(stuffed.toString().getBytes(StandardCharsets.UTF_8));
        return command(".");
    }

    private Reply reply() throws IOException {
        String line;
        while ((line = in.readLine()) != null) {
            if (line.length() < 4 || line.charAt(3) != '-') {
                return new Reply(Integer.parseInt(line.substring(0, 3)), line.length() > 4 ? line.substring(4) : "");
            }
        }
        throw new IOException("the connection closed");
    }

    @Override
    public void close() throws IOException {
        try {
            command("QUIT");
        } catch (IOException ignored) {
            // closing anyway
        }
        socket.close();
    }
}
