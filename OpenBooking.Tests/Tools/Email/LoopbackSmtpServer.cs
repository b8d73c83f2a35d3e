using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using OpenBooking.Tests.TestSupport;

namespace OpenBooking.Tests.Tools.Email;

/// <summary>
/// A small SMTP server (RFC 5321) on 127.0.0.1, for the real SMTP client to talk to over TCP: EHLO/HELO, STARTTLS
/// (with a self-signed certificate made here), AUTH LOGIN and PLAIN, MAIL FROM, RCPT TO, DATA (with dot-unstuffing),
/// RSET, NOOP and QUIT. It keeps every accepted message with its envelope, and can be told to refuse recipients or
/// messages with a 5xx answer.
/// </summary>
public sealed class LoopbackSmtpServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _acceptLoop;
    private readonly ConcurrentQueue<SmtpDelivery> _received = new();
    private readonly ConcurrentQueue<string> _commands = new();
    private readonly X509Certificate2? _certificate;

    private LoopbackSmtpServer(string? userName, string? password, bool offerTls)
    {
        UserName = userName;
        Password = password;
        if (offerTls)
        {
            _certificate = CreateCertificate();
        }
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        _acceptLoop = AcceptAsync();
    }

    /// <summary>SMTP settings for this server (as the dashboard would store them).</summary>
    public TestSettings Settings(bool enableSsl = false) => new TestSettings()
        .With("Email:Provider", "Smtp")
        .With("Email:Smtp:Host", Host)
        .With("Email:Smtp:Port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture))
        .With("Email:Smtp:UserName", UserName)
        .With("Email:Smtp:Password", Password)
        .With("Email:Smtp:EnableSsl", enableSsl ? "true" : "false")
        .With("Email:Smtp:Timeout", "00:00:10");

    public string Host => "127.0.0.1";
    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>When set, AUTH is offered and required before MAIL FROM.</summary>
    public string? UserName { get; }
    public string? Password { get; }

    /// <summary>The certificate offered with STARTTLS (self-signed, for CN=localhost), or null when TLS is not offered.</summary>
    public X509Certificate2? Certificate => _certificate;

    /// <summary>Answer every RCPT TO with this (e.g. "550 5.1.1 No such user here"), or accept when null.</summary>
    public string? RecipientRefusal { get; set; }

    /// <summary>Answer the end of DATA with this (e.g. "554 5.7.1 Message rejected as spam"), or accept when null.</summary>
    public string? MessageRefusal { get; set; }

    public IReadOnlyList<SmtpDelivery> Received => [.. _received];

    /// <summary>Every command line the server read (AUTH payloads included, to show what was sent).</summary>
    public IReadOnlyList<string> Commands => [.. _commands];

    public static LoopbackSmtpServer Start(string? userName = null, string? password = null, bool offerTls = false) =>
        new(userName, password, offerTls);

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        Stream stream = client.GetStream();
        var session = new Session();
        try
        {
            var (reader, writer) = Open(stream);
            await writer.WriteLineAsync("220 localhost ESMTP OpenBooking test server");
            while (await reader.ReadLineAsync(_stop.Token) is { } line)
            {
                _commands.Enqueue(line);
                var verb = (line.Split(' ', 2)[0]).ToUpperInvariant();
                var argument = line.Length > verb.Length ? line[(verb.Length + 1)..] : "";
                switch (verb)
                {
                    case "EHLO":
                        await writer.WriteLineAsync("250-localhost greets you");
                        if (UserName is not null)
                        {
                            await writer.WriteLineAsync("250-AUTH PLAIN LOGIN");
                        }
                        if (_certificate is not null && !session.Tls)
                        {
                            await writer.WriteLineAsync("250-STARTTLS");
                        }
                        await writer.WriteLineAsync("250 8BITMIME");
                        break;
                    case "HELO":
                        await writer.WriteLineAsync("250 localhost");
                        break;
                    case "STARTTLS" when _certificate is not null && !session.Tls:
                        await writer.WriteLineAsync("220 2.0.0 Ready to start TLS");
                        var tls = new SslStream(stream, leaveInnerStreamOpen: false);
                        await tls.AuthenticateAsServerAsync(_certificate, clientCertificateRequired: false, checkCertificateRevocation: false);
                        stream = tls;
                        (reader, writer) = Open(stream);
                        session.Tls = true;
                        break;
                    case "AUTH":
                        await AuthenticateAsync(argument, reader, writer, session);
                        break;
                    case "MAIL":
                        if (UserName is not null && session.User is null)
                        {
                            await writer.WriteLineAsync("530 5.7.0 Authentication required");
                            break;
                        }
                        session.From = Address(argument);
                        session.To.Clear();
                        await writer.WriteLineAsync("250 2.1.0 Ok");
                        break;
                    case "RCPT":
                        if (RecipientRefusal is { } refusal)
                        {
                            await writer.WriteLineAsync(refusal);
                            break;
                        }
                        session.To.Add(Address(argument));
                        await writer.WriteLineAsync("250 2.1.5 Ok");
                        break;
                    case "DATA":
                        if (session.From is null)
                        {
                            await writer.WriteLineAsync("503 5.5.1 Error: need MAIL command");
                            break;
                        }
                        if (session.To.Count == 0)
                        {
                            await writer.WriteLineAsync("554 5.5.1 Error: no valid recipients");
                            break;
                        }
                        await writer.WriteLineAsync("354 End data with <CR><LF>.<CR><LF>");
                        var data = await ReadDataAsync(reader);
                        if (MessageRefusal is { } rejected)
                        {
                            await writer.WriteLineAsync(rejected);
                            break;
                        }
                        _received.Enqueue(new SmtpDelivery(session.From, [.. session.To], data, session.User, session.Tls));
                        await writer.WriteLineAsync("250 2.0.0 Ok: queued");
                        break;
                    case "RSET":
                        session.From = null;
                        session.To.Clear();
                        await writer.WriteLineAsync("250 2.0.0 Ok");
                        break;
                    case "NOOP":
                        await writer.WriteLineAsync("250 2.0.0 Ok");
                        break;
                    case "QUIT":
                        await writer.WriteLineAsync("221 2.0.0 Bye");
                        return;
                    default:
                        await writer.WriteLineAsync("502 5.5.2 Command not recognized");
                        break;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException or System.Security.Authentication.AuthenticationException)
        {
            // The client went away (or failed the TLS handshake): nothing to answer.
        }
        finally
        {
            await stream.DisposeAsync();
        }
    }

    private async Task AuthenticateAsync(string argument, StreamReader reader, StreamWriter writer, Session session)
    {
        var parts = argument.Split(' ', 2);
        var mechanism = parts[0].ToUpperInvariant();
        var initial = parts.Length > 1 ? parts[1] : null;
        string? user;
        string? password;
        if (mechanism == "PLAIN")
        {
            if (initial is null)
            {
                await writer.WriteLineAsync("334 ");
                initial = await ReadCommandAsync(reader);
            }
            var fields = Decode(initial).Split('\0');
            (user, password) = fields.Length == 3 ? (fields[1], fields[2]) : (null, null);
        }
        else if (mechanism == "LOGIN")
        {
            if (initial is null)
            {
                await writer.WriteLineAsync("334 " + Convert.ToBase64String("Username:"u8));
                initial = await ReadCommandAsync(reader);
            }
            user = Decode(initial);
            await writer.WriteLineAsync("334 " + Convert.ToBase64String("Password:"u8));
            password = Decode(await ReadCommandAsync(reader));
        }
        else
        {
            await writer.WriteLineAsync("504 5.5.4 Unrecognized authentication type");
            return;
        }
        if (UserName is not null && user == UserName && password == Password)
        {
            session.User = user;
            await writer.WriteLineAsync("235 2.7.0 Authentication successful");
        }
        else
        {
            await writer.WriteLineAsync("535 5.7.8 Authentication credentials invalid");
        }
    }

    private async Task<string> ReadCommandAsync(StreamReader reader)
    {
        var line = await reader.ReadLineAsync(_stop.Token) ?? throw new IOException("The client hung up.");
        _commands.Enqueue(line);
        return line;
    }

    private async Task<string> ReadDataAsync(StreamReader reader)
    {
        var data = new StringBuilder();
        while (await reader.ReadLineAsync(_stop.Token) is { } line && line != ".")
        {
            // RFC 5321 4.5.2: a line that starts with a dot was sent with one more.
            data.Append(line.StartsWith("..", StringComparison.Ordinal) ? line[1..] : line).Append("\r\n");
        }
        return data.ToString();
    }

    private static (StreamReader, StreamWriter) Open(Stream stream) =>
        (new StreamReader(stream, Encoding.ASCII, detectEncodingFromByteOrderMarks: false, leaveOpen: true),
         new StreamWriter(stream, Encoding.ASCII, leaveOpen: true) { NewLine = "\r\n", AutoFlush = true });

    private static string Decode(string base64)
    {
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(base64.Trim()));
        }
        catch (FormatException)
        {
            return "";
        }
    }

    /// <summary>The address inside "FROM:&lt;a@b&gt; SIZE=..." or "TO:&lt;a@b&gt;".</summary>
    private static string Address(string argument)
    {
        var open = argument.IndexOf('<');
        var close = argument.IndexOf('>');
        return open >= 0 && close > open ? argument[(open + 1)..close] : argument[(argument.IndexOf(':') + 1)..].Trim();
    }

    private static X509Certificate2 CreateCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
        // Through PKCS#12 so the private key is usable by SslStream on every platform.
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), password: null);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _acceptLoop;
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
        _certificate?.Dispose();
        _stop.Dispose();
    }

    private sealed class Session
    {
        public bool Tls { get; set; }
        public string? User { get; set; }
        public string? From { get; set; }
        public List<string> To { get; } = [];
    }
}

/// <summary>One message the server accepted: envelope sender and recipients, the raw message, who authenticated, and whether TLS was on.</summary>
public sealed record SmtpDelivery(string From, IReadOnlyList<string> To, string Data, string? AuthenticatedUser, bool Tls);
