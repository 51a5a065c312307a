using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace StudioManager.Tests.Infrastructure;

/// <summary>A real SMTP server on a free loopback port: the app's MailKit client talks SMTP to it. It can be stopped
/// (connections are refused, as when a mail server is down) and started again on the same port.</summary>
public sealed class TestSmtpServer : IAsyncDisposable
{
    private readonly ConcurrentQueue<MimeMessage> _messages = new();
    private readonly SemaphoreSlim _arrived = new(0);
    private CancellationTokenSource? _stop;
    private Task _running = Task.CompletedTask;

    public int Port { get; } = FreePort();

    public TestSmtpServer() => Start();

    public IReadOnlyCollection<MimeMessage> Messages => _messages.ToArray();

    /// <summary>The messages received so far for this address.</summary>
    public IReadOnlyList<MimeMessage> To(string address) =>
        _messages.Where(m => m.To.Mailboxes.Any(a => a.Address.Equals(address, StringComparison.OrdinalIgnoreCase))).ToList();

    /// <summary>Listens (again) on <see cref="Port"/>; does nothing when it already does.</summary>
    public void Start()
    {
        if (_stop is not null) return;
        var options = new SmtpServerOptionsBuilder().ServerName("localhost").Endpoint(b => b.Endpoint(new IPEndPoint(IPAddress.Loopback, Port))).Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Store(this));
        _stop = new CancellationTokenSource();
        _running = new SmtpServer.SmtpServer(options, services).StartAsync(_stop.Token);
    }

    /// <summary>Stops listening: from now on connections to the port are refused until <see cref="Start"/>.</summary>
    public async Task StopAsync()
    {
        if (_stop is null) return;
        await _stop.CancelAsync();
        try { await _running; } catch (OperationCanceledException) { }
        _stop.Dispose();
        _stop = null;
    }

    /// <summary>Waits for a message to this address whose subject or text matches.</summary>
    public async Task<MimeMessage> WaitForAsync(string to, Func<MimeMessage, bool>? match = null, int timeoutSeconds = 15)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (true)
        {
            var found = To(to).FirstOrDefault(m => match?.Invoke(m) ?? true);
            if (found is not null) return found;
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero) throw new TimeoutException($"No email to {to} arrived.");
            await _arrived.WaitAsync(left < TimeSpan.FromMilliseconds(500) ? left : TimeSpan.FromMilliseconds(500));
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    private sealed class Store(TestSmtpServer owner) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction,
            ReadOnlySequence<byte> buffer, CancellationToken ct)
        {
            using var stream = new MemoryStream(buffer.ToArray());
            owner._messages.Enqueue(await MimeMessage.LoadAsync(stream, ct));
            owner._arrived.Release();
            return SmtpResponse.Ok;
        }
    }
}
