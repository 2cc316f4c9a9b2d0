namespace GitGateway.Proxy.Tests.Support;

/// <summary>
/// "Never allocates without bound", made checkable: what a parser allocates on this thread for one input must stay
/// within a fixed budget plus a small multiple of the input's length, whether it returns or throws.
/// </summary>
internal static class AllocationBudget
{
    /// <summary>Runs <paramref name="parse"/> and fails when it allocated more than <paramref name="fixedBytes"/> + <paramref name="perInputByte"/> × the input's length.</summary>
    public static void Check(int inputLength, Action parse, int perInputByte = 256, long fixedBytes = 64 * 1024)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        try
        {
            parse();
        }
        finally
        {
            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            var budget = fixedBytes + ((long)perInputByte * inputLength);
            Assert.True(allocated <= budget, $"allocated {allocated} bytes for {inputLength} bytes of input (budget {budget})");
        }
    }
}
