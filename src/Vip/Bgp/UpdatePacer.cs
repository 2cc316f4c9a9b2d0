namespace GitGateway.Vip.Bgp;

/// <summary>
/// A token bucket of prefix changes for one connection: at most <c>burst</c> at once, then
/// <c>perSecond</c>. Announcements and withdrawals draw from the same bucket, so a flapping proxy (or a
/// fleet of them) reaches the router as a bounded trickle, and changes that cancel out before their turn
/// (withdrawn then re-announced) are never sent at all.
/// </summary>
internal sealed class UpdatePacer
{
    private readonly TimeProvider _time;
    private readonly double _perSecond;
    private readonly double _burst;
    private double _tokens;
    private long _last;

    public UpdatePacer(int perSecond, int burst, TimeProvider time)
    {
        _time = time;
        _perSecond = Math.Max(1, perSecond);
        _burst = Math.Max(1, burst);
        _tokens = _burst;
        _last = time.GetTimestamp();
    }

    /// <summary>How many changes may go out now.</summary>
    public int Available
    {
        get
        {
            Refill();
            return (int)Math.Floor(_tokens);
        }
    }

    /// <summary>Spends <paramref name="count"/> tokens.</summary>
    public void Spend(int count) => _tokens -= count;

    /// <summary>How long until one more change may go out.</summary>
    public TimeSpan UntilNext()
    {
        Refill();
        return _tokens >= 1 ? TimeSpan.Zero : TimeSpan.FromSeconds((1 - _tokens) / _perSecond);
    }

    private void Refill()
    {
        var now = _time.GetTimestamp();
        _tokens = Math.Min(_burst, _tokens + (_time.GetElapsedTime(_last, now).TotalSeconds * _perSecond));
        _last = now;
    }
}
