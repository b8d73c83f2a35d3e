using Microsoft.Extensions.Options;
using OpenBooking.Tools.Data;

namespace OpenBooking.Tools.Email;

/// <summary>Turns the protected secrets stored by the dashboard back into plain values each time the options are bound.</summary>
internal sealed class EmailSecretsPostConfigure(SecretSettings secrets) : IPostConfigureOptions<EmailOptions>
{
    public void PostConfigure(string? name, EmailOptions options)
    {
        options.Smtp.Password = secrets.Unprotect("Email:Smtp:Password", options.Smtp.Password);
        options.AzureCommunicationServices.ConnectionString =
            secrets.Unprotect("Email:AzureCommunicationServices:ConnectionString", options.AzureCommunicationServices.ConnectionString);
    }
}
