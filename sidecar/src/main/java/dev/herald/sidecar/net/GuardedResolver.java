package dev.herald.sidecar.net;

import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.SocketAddressResolver;

import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Resolves delivery hosts and drops the addresses {@link TargetGuard} refuses, at connect time,
 * so a name that resolved to a public address when the rule was stored cannot later be pointed
 * at an internal one (DNS rebinding).
 */
public final class GuardedResolver implements SocketAddressResolver {
    private final SocketAddressResolver delegate;
    private final TargetGuard guard;

    public GuardedResolver(SocketAddressResolver delegate, TargetGuard guard) {
        this.delegate = delegate;
        this.guard = guard;
    }

    @Override
    public void resolve(String host, int port, Map<String, Object> context, Promise<List<InetSocketAddress>> promise) {
        delegate.resolve(host, port, context, new Promise<>() {
            @Override
            public void succeeded(List<InetSocketAddress> addresses) {
                List<InetSocketAddress> allowed = new ArrayList<>(addresses.size());
                String lastRefusal = null;
                for (InetSocketAddress a : addresses) {
                    Optional<String> why = guard.refusal(host, port, a.getAddress());
                    if (why.isEmpty()) {
                        allowed.add(a);
                    } else {
                        lastRefusal = a.getAddress().getHostAddress() + " is " + why.get();
                    }
                }
                if (allowed.isEmpty()) {
                    promise.failed(new RefusedTargetException("refused to connect to " + host + ": " + lastRefusal
                            + " (delivery.allowPrivateTargets is false and delivery.allowTargets does not list it)"));
                } else {
                    promise.succeeded(allowed);
                }
            }

            @Override
            public void failed(Throwable x) {
                promise.failed(x);
            }
        });
    }

    /** The only addresses a host resolved to are ones Herald must not connect to. */
    public static final class RefusedTargetException extends UnknownHostException {
        RefusedTargetException(String message) {
            super(message);
        }
    }
}
