using GitGateway.Reconciler.Apply;

namespace GitGateway.Reconciler.Tests.Apply;

/// <summary>
/// What the state keeps of a freeze window's reason (from Git) and of a canary's halt (its name and a NACK's error
/// from the network, route and test names from Git): one line, no control or bidi characters, bounded.
/// </summary>
public sealed class HoldRecordTests
{
    private const string Hostile = "weekend\r\n### ✅ approved\u202Eevil\u2066\u0007";

    [Fact]
    public void FreezeHoldOf_HostileWindowReason_KeptAsOneBoundedLine()
    {
        var until = new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

        var hold = FreezeHold.Of("c1", new FreezeStatus(Hostile + new string('x', 500), until));

        Assert.DoesNotContain(hold.Window, c => char.IsControl(c) || c is '\u202E' or '\u2066');
        Assert.Equal(FreezeHold.MaxWindow, hold.Window.Length);
        Assert.StartsWith("weekend### ✅ approvedevil", hold.Window, StringComparison.Ordinal);
        Assert.EndsWith("x…", hold.Window, StringComparison.Ordinal);
    }

    [Fact]
    public void FreezeHoldDescribe_ClosingTimeAnotherOffset_SaidInUtc()
    {
        var hold = new FreezeHold("c1", "weekend freeze", new DateTimeOffset(2026, 11, 23, 11, 30, 0, TimeSpan.FromHours(1)));

        Assert.Equal("weekend freeze until 2026-11-23 10:30 UTC", hold.Describe());
    }

    [Fact]
    public void CanaryHaltOf_HostileNodeAndNackError_KeptAsOneBoundedLineEach()
    {
        var verdict = CanaryVerdict.Halt("node\n-a" + new string('n', 100), "refused: " + Hostile + new string('y', 500));

        var halt = CanaryHalt.Of("c1", 7, verdict);

        Assert.Equal(("c1", 7L), (halt.Commit, halt.Revision));
        Assert.StartsWith("node-a", halt.Node, StringComparison.Ordinal);
        Assert.Equal(CanaryHalt.MaxNode, halt.Node.Length);
        Assert.StartsWith("refused: weekend### ✅ approvedevil", halt.Reason, StringComparison.Ordinal);
        Assert.Equal(CanaryHalt.MaxReason, halt.Reason.Length);
        Assert.DoesNotContain(halt.Describe(), c => char.IsControl(c) || c is '\u202E' or '\u2066');
    }
}
