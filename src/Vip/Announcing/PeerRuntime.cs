using GitGateway.Vip.Bfd;
using GitGateway.Vip.Bgp;

namespace GitGateway.Vip.Announcing;

/// <summary>A running peer: its BGP session, its BFD session if any, and how to stop them.</summary>
internal sealed class PeerRuntime
{
    public PeerRuntime(PeerPlan plan, BgpSession session, BfdSession? bfd, CancellationTokenSource stop, Task running)
    {
        Plan = plan;
        Session = session;
        Bfd = bfd;
        Stop = stop;
        Running = running;
    }

    public PeerPlan Plan { get; }

    public BgpSession Session { get; }

    public BfdSession? Bfd { get; }

    public CancellationTokenSource Stop { get; }

    public Task Running { get; }
}
