using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OpenBooking.Tools.Data.Migrations
{
    /// <inheritdoc />
    public partial class OtpAudit : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "OtpAuditEntries",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Email = table.Column<string>(type: "TEXT", maxLength: 254, nullable: false),
                    ClientAddress = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OtpAuditEntries", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_OtpAuditEntries_At",
                table: "OtpAuditEntries",
                column: "At");

            migrationBuilder.CreateIndex(
                name: "IX_OtpAuditEntries_ClientAddress_At",
                table: "OtpAuditEntries",
                columns: new[] { "ClientAddress", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_OtpAuditEntries_Email_At",
                table: "OtpAuditEntries",
                columns: new[] { "Email", "At" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "OtpAuditEntries");
        }
    }
}
