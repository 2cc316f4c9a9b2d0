using System.Threading.Channels;

namespace GitGateway.Fixtures.Kube;

/// <summary>One open watch: what it filters on and the lines still to send (a null line ends it).</summary>
internal sealed class KubeWatchSubscription(KubeKind kind, string? ns, KubeSelector selector, bool bookmarks)
{
    public KubeKind Kind { get; } = kind;

    public string? Namespace { get; } = ns;

    public KubeSelector Selector { get; } = selector;

    public bool Bookmarks { get; } = bookmarks;

    public Channel<string?> Lines { get; } = Channel.CreateUnbounded<string?>(new UnboundedChannelOptions { SingleReader = true });

    public bool Wants(KubeWatchEvent e) =>
        e.Kind == Kind && (Namespace is null || Namespace == e.Namespace) && Selector.Matches(e.Object);
}
