package io.attest.gateway.infrastructure.smpp.server;

import org.jsmpp.session.SMPPServerSessionListener;
import org.jsmpp.session.connection.Connection;
import org.jsmpp.session.connection.ServerConnection;
import org.jsmpp.session.connection.ServerConnectionFactory;
import org.jsmpp.session.connection.socket.ServerSocketConnection;
import org.jsmpp.session.connection.socket.SocketConnection;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The listening side both SMPP servers of the gateway share: the server for SMPP clients and the SMSC simulator. jsmpp
 * listens on every interface by default; these listen on one address, with {@code TCP_NODELAY} on each accepted
 * connection (each PDU goes out at once, without Nagle's delay).
 */
public final class SmppServerSockets {

    private SmppServerSockets() {
    }

    public static ServerSocket open(InetAddress address, int port) throws IOException {
        return open(javax.net.ServerSocketFactory.getDefault(), address, port);
    }

    /** A listening socket of the factory's kind (an {@code SSLServerSocketFactory}'s for TLS). */
    public static ServerSocket open(javax.net.ServerSocketFactory factory, InetAddress address, int port)
            throws IOException {
        ServerSocket socket = factory.createServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(address, port), 50);
        return socket;
    }

    /** The port again, once the sessions of an earlier run have let go of it (a few seconds at most). */
    public static ServerSocket reopen(InetAddress address, int port) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try {
                return open(address, port);
            } catch (BindException inUse) {
                if (System.nanoTime() > deadline) {
                    throw inUse;
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw inUse;
                }
            }
        }
    }

    /**
     * A jsmpp listener that accepts on this socket.
     *
     * @param pduThreads threads per session handling its requests: the most it can have in hand at once
     * @param accepted   told of each accepted connection before its session starts
     */
    public static SMPPServerSessionListener listenerOn(ServerSocket socket, int pduThreads, int queueCapacity,
                                                       Consumer<Connection> accepted) throws IOException {
        SMPPServerSessionListener listener = new SMPPServerSessionListener(socket.getLocalPort(), 60_000,
                new ServerConnectionFactory() {
                    @Override
                    public ServerConnection listen(int ignored) {
                        return accepting(socket, accepted);
                    }

                    @Override
                    public ServerConnection listen(int ignored, int timeout) {
                        return accepting(socket, accepted);
                    }

                    @Override
                    public ServerConnection listen(int ignored, int timeout, int backlog) {
                        return accepting(socket, accepted);
                    }
                });
        listener.setPduProcessorDegree(pduThreads);
        listener.setQueueCapacity(queueCapacity);
        return listener;
    }

    private static ServerConnection accepting(ServerSocket socket, Consumer<Connection> accepted) {
        ServerSocketConnection server = new ServerSocketConnection(socket);
        return new ServerConnection() {
            @Override
            public Connection accept() throws IOException {
                Socket client = socket.accept();
                client.setTcpNoDelay(true);
                Connection connection = new SocketConnection(client);
                accepted.accept(connection);
                return connection;
            }

            @Override
            public void setSoTimeout(int timeout) throws IOException {
                server.setSoTimeout(timeout);
            }

            @Override
            public int getSoTimeout() throws IOException {
                return server.getSoTimeout();
            }

            @Override
            public void close() throws IOException {
                server.close();
            }
        };
    }
}
