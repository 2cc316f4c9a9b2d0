using System.Buffers;

namespace GitGateway.Proxy.Forwarding;

/// <summary>Copies bytes both ways between two streams until either side ends, then closes both.</summary>
internal static class StreamSplicer
{
    public static async Task SpliceAsync(Stream a, Stream b, CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var ab = PumpAsync(a, b, cts.Token);
        var ba = PumpAsync(b, a, cts.Token);
        await Task.WhenAny(ab, ba);
        await cts.CancelAsync(); // one side closed: stop the other pump
        await Task.WhenAll(Quiet(ab), Quiet(ba));
    }

    private static async Task PumpAsync(Stream from, Stream to, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await from.ReadAsync(buffer, cancellationToken)) > 0)
            {
                await to.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                await to.FlushAsync(cancellationToken);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static async Task Quiet(Task pump)
    {
        try
        {
            await pump;
        }
        catch (OperationCanceledException)
        {
        }
        catch (IOException)
        {
            // the peer reset the connection: nothing left to copy
        }
        catch (ObjectDisposedException)
        {
        }
    }
}
