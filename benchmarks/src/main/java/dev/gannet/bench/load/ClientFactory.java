package dev.gannet.bench.load;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Opens {@link BenchClient} connections on one shared set of event loops (epoll when Netty's
 * native transport loads, NIO otherwise). Towards a loopback broker, connections are spread over
 * source addresses 127.0.0.1, 127.0.0.2, ... so that more than one address's worth of ephemeral
 * ports (about 28,000) can be open at once.
 */
public final class ClientFactory implements AutoCloseable {

    /** Connections per source address before the next one is used. */
    private static final int PER_SOURCE_ADDRESS = 25_000;

    private final EventLoopGroup group;
    private final Bootstrap bootstrap;
    private final InetSocketAddress broker;
    private final boolean loopback;
    private final String transport;
    private int opened;

    public ClientFactory(String host, int port, int ioThreads, int connectTimeoutMillis) {
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory handlers = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        this.group = new MultiThreadIoEventLoopGroup(ioThreads, new DefaultThreadFactory("bench-io"), handlers);
        this.transport = epoll ? "epoll" : "nio";
        this.broker = new InetSocketAddress(host, port);
        this.loopback = broker.getAddress() != null && broker.getAddress().isLoopbackAddress()
                && broker.getAddress().getAddress().length == 4;
        this.bootstrap = new Bootstrap().group(group)
                .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeoutMillis)
                .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(256 * 1024, 1024 * 1024));
    }

    public String transport() {
        return transport;
    }

    public EventLoopGroup group() {
        return group;
    }

    /**
     * Opens a connection and sends CONNECT; the client's {@link BenchClient#connected()} completes
     * on CONNACK. Must be called from one thread at a time.
     */
    public BenchClient open(String clientId, boolean cleanSession, int keepAliveSeconds) {
        BenchClient client = new BenchClient(clientId, cleanSession, keepAliveSeconds);
        Bootstrap b = bootstrap.clone().handler(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast("decoder", new MqttDecoder(1024 * 1024));
                ch.pipeline().addLast("encoder", MqttEncoder.INSTANCE);
                ch.pipeline().addLast("client", client);
            }
        });
        ChannelFuture future = loopback && opened >= PER_SOURCE_ADDRESS
                ? b.connect(broker, new InetSocketAddress(sourceAddress(opened / PER_SOURCE_ADDRESS), 0))
                : b.connect(broker);
        opened++;
        future.addListener(f -> {
            if (!f.isSuccess()) {
                client.connected().completeExceptionally(f.cause());
            }
        });
        return client;
    }

    /** Opens a connection and waits for its CONNACK. */
    public BenchClient connect(String clientId, boolean cleanSession, int keepAliveSeconds, long timeoutMillis) throws Exception {
        CompletableFuture<BenchClient> connected = open(clientId, cleanSession, keepAliveSeconds).connected();
        return connected.get(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    private static InetAddress sourceAddress(int index) {
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, (byte) (index / 250), (byte) (1 + index % 250)});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
    }
}
