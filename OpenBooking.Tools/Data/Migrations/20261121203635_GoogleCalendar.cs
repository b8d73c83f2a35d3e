using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OpenBooking.Tools.Data.Migrations
{
    /// <inheritdoc />
    public partial class GoogleCalendar : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "CalendarConnections",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    ProtectedRefreshToken = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    ProtectedAccessToken = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: true),
                    AccessTokenExpiresAt = table.Column<long>(type: "INTEGER", nullable: true),
                    GrantedScopes = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    ClientId = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    Account = table.Column<string>(type: "TEXT", maxLength: 254, nullable: true),
                    CalendarId = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    CalendarName = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    ConnectedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    LastError = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    LastErrorAt = table.Column<long>(type: "INTEGER", nullable: true),
                    LastSyncAt = table.Column<long>(type: "INTEGER", nullable: true),
                    PendingStateHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    ProtectedCodeVerifier = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    PendingRedirectUri = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    PendingExpiresAt = table.Column<long>(type: "INTEGER", nullable: true),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CalendarConnections", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "CalendarSyncs",
                columns: table => new
                {
                    BookingId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CalendarId = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    EventId = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    ETag = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    HtmlLink = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    EventStart = table.Column<long>(type: "INTEGER", nullable: true),
                    EventEnd = table.Column<long>(type: "INTEGER", nullable: true),
                    SyncedSequence = table.Column<int>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    LastError = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CalendarSyncs", x => x.BookingId);
                    table.ForeignKey(
                        name: "FK_CalendarSyncs_Bookings_BookingId",
                        column: x => x.BookingId,
                        principalTable: "Bookings",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_CalendarSyncs_Status",
                table: "CalendarSyncs",
                column: "Status");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CalendarConnections");

            migrationBuilder.DropTable(
                name: "CalendarSyncs");
        }
    }
}
