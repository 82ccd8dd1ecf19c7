package io.jpasst.cli;

import io.jpasst.engine.control.conf.ConfigException;
import io.jpasst.engine.flow.rules.PestoWire;
import io.jpasst.engine.flow.rules.Rule;
import io.jpasst.engine.flow.rules.RuleParser;
import io.jpasst.engine.flow.rules.RuleTable;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * pesto: lists, and on request changes, the forwarding tables of a running pasta or passt
 * through its {@code -c} socket. The options after the path's table are read are applied in
 * order, as commands: {@code -A} and {@code -D} switch between adding and deleting the
 * specifiers that follow, {@code -C PIF} empties a table, and specifiers given before any of
 * them replace their table. The result is sent back whole.
 */
public final class Pesto {
    /** Table names, in the order the server lists them, by id. */
    private record Table(int pif, String name, RuleTable rules) {}

    private record Action(char option, String value) {}

    private Pesto() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        List<Action> actions = new ArrayList<>();
        List<String> positional = new ArrayList<>();
        boolean show = false;
        boolean debug = false;
        try {
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (a.equals("--")) {
                    positional.addAll(List.of(args).subList(i + 1, args.length));
                    break;
                }
                char opt;
                String value = null;
                if (a.startsWith("--")) {
                    int eq = a.indexOf('=');
                    String name = eq < 0 ? a.substring(2) : a.substring(2, eq);
                    opt = longOption(name);
                    if (eq >= 0) {
                        value = a.substring(eq + 1);
                    }
                } else if (a.startsWith("-") && a.length() > 1) {
                    opt = a.charAt(1);
                    if (a.length() > 2) {
                        if (!takesValue(opt)) {
                            throw new ConfigException("invalid option -- '" + a.substring(2) + "'");
                        }
                        value = a.substring(2);
                    }
                } else {
                    positional.add(a);
                    continue;
                }
                if (takesValue(opt) && value == null) {
                    if (i + 1 >= args.length) {
                        throw new ConfigException("option requires an argument -- '" + opt + "'");
                    }
                    value = args[++i];
                }
                switch (opt) {
                    case 'h' -> {
                        usage(out);
                        return 0;
                    }
                    case 'V' -> {
                        out.println("pesto (jpasst) " + PestoWire.VERSION);
                        return 0;
                    }
                    case 's' -> show = true;
                    case 'd' -> debug = true;
                    case 'A', 'D', 'C', 't', 'u', 'T', 'U' -> actions.add(new Action(opt, value));
                    default -> throw new ConfigException("invalid option -- '" + a + "'");
                }
            }
        } catch (ConfigException e) {
            err.println("pesto: " + e.getMessage());
            usage(err);
            return 1;
        }
        if (positional.size() != 1) {
            usage(err);
            return 1;
        }
        String path = positional.get(0);
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(path));
            DataInputStream in = new DataInputStream(new BufferedInputStream(Channels.newInputStream(ch)));
            byte[] hello = new byte[PestoWire.HELLO_SIZE];
            in.readFully(hello);
            String bad = PestoWire.checkHello(hello);
            if (bad != null) {
                err.println(bad);
                return 1;
            }
            Map<String, Table> tables = readTables(in);
            if (debug) {
                for (Table t : tables.values()) {
                    err.println("PIF " + t.pif() + ": " + t.name() + ", " + t.rules().size()
                            + " rules, capabilities 0x" + Integer.toHexString(t.rules().caps()));
                }
            }
            if (actions.isEmpty()) {
                out.println("passt/pasta configuration (" + path + ")");
                list(out, tables);
                return 0;
            }
            if (show) {
                out.println("Previous configuration (" + path + ")");
                list(out, tables);
            }
            apply(actions, tables);
            if (show) {
                out.println("Updated configuration (" + path + ")");
                list(out, tables);
            }
            DataOutputStream o = new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(ch)));
            for (Table t : tables.values()) {
                PestoWire.writeUpdate(o, t.pif(), t.rules());
            }
            o.writeByte(PestoWire.PIF_NONE);
            o.flush();
            ch.shutdownOutput();
            return 0;
        } catch (ConfigException e) {
            err.println(e.getMessage());
            return 1;
        } catch (IOException e) {
            err.println("Control socket " + path + ": " + e.getMessage());
            return 1;
        }
    }

    private static Map<String, Table> readTables(DataInputStream in) throws IOException {
        Map<String, Table> tables = new LinkedHashMap<>();
        for (int pif = in.readUnsignedByte(); pif != PestoWire.PIF_NONE; pif = in.readUnsignedByte()) {
            byte[] name = new byte[PestoWire.PIF_NAME_SIZE];
            in.readFully(name);
            if (name[name.length - 1] != 0) {
                throw new IOException("Interface name was not NULL terminated");
            }
            int caps = in.readInt();
            long count = in.readInt() & 0xffff_ffffL;
            if (count > RuleTable.MAX_RULES) {
                throw new IOException("Too many forwarding rules");
            }
            RuleTable t = new RuleTable(caps);
            for (long i = 0; i < count; i++) {
                Rule r = PestoWire.readRule(in);
                if (t.add(r) < 0) {
                    throw new IOException("Server sent an invalid table: " + t.lastError());
                }
            }
            String n = PestoWire.name(name);
            if (tables.putIfAbsent(n, new Table(pif, n, t)) != null) {
                throw new IOException("Received duplicate interface name");
            }
        }
        return tables;
    }

    /** The actions in order; specifiers before any -A/-D/-C replace their table. */
    private static void apply(List<Action> actions, Map<String, Table> tables) {
        RuleParser parser = RuleParser.forThisHost();
        Table inbound = tables.get("HOST");
        Table outbound = tables.get("SPLICE");
        char mode = 'R';
        boolean inboundCleared = false;
        boolean outboundCleared = false;
        for (Action a : actions) {
            switch (a.option()) {
                case 'A', 'D' -> mode = a.option();
                case 'C' -> {
                    Table t = tables.get(a.value());
                    if (t == null) {
                        throw new ConfigException("Unsupported pif name " + a.value());
                    }
                    t.rules().clear();
                    inboundCleared |= t == inbound;
                    outboundCleared |= t == outbound;
                }
                default -> {
                    boolean in = a.option() == 't' || a.option() == 'u';
                    Table t = in ? inbound : outbound;
                    if (t == null) {
                        throw new ConfigException("Can't use -" + a.option() + ", no " + (in ? "inbound" : "outbound") + " interface");
                    }
                    if (mode == 'R' && !(in ? inboundCleared : outboundCleared)) {
                        t.rules().clear();
                        if (in) {
                            inboundCleared = true;
                        } else {
                            outboundCleared = true;
                        }
                    }
                    parser.parse(a.option(), mode == 'D', a.value(), t.rules());
                }
            }
        }
    }

    private static void list(PrintStream out, Map<String, Table> tables) {
        for (Table t : tables.values()) {
            out.println("  " + t.name());
            for (Rule r : t.rules().rules()) {
                out.println("    " + r);
            }
        }
    }

    private static boolean takesValue(char opt) {
        return opt == 'C' || opt == 't' || opt == 'u' || opt == 'T' || opt == 'U';
    }

    private static char longOption(String name) {
        return switch (name) {
            case "debug" -> 'd';
            case "help" -> 'h';
            case "version" -> 'V';
            case "add" -> 'A';
            case "delete" -> 'D';
            case "clear" -> 'C';
            case "tcp-ports" -> 't';
            case "udp-ports" -> 'u';
            case "tcp-ns" -> 'T';
            case "udp-ns" -> 'U';
            case "show" -> 's';
            default -> throw new ConfigException("unrecognized option '--" + name + "'");
        };
    }

    private static void usage(PrintStream s) {
        s.print("""
                Usage: pesto [OPTION]... PATH
                Show or change the forwarding rules of the pasta or passt listening on PATH (-c).

                  -s, --show              list the rules before and after the change
                  -A, --add               add the specifiers that follow
                  -D, --delete            delete the specifiers that follow
                  -C, --clear PIF         empty the table of PIF (HOST: -t/-u, SPLICE: -T/-U)
                  -t, --tcp-ports SPEC    TCP from the host to the guest or namespace
                  -u, --udp-ports SPEC    UDP from the host to the guest or namespace
                  -T, --tcp-ns SPEC       TCP from the namespace to the host (pasta)
                  -U, --udp-ns SPEC       UDP from the namespace to the host (pasta)
                  -d, --debug             describe the tables received
                  -h, --help              this text
                      --version           version
                Specifiers before any -A, -D or -C replace their table. SPEC is as for pasta(1):
                none, or [ADDR[%IFNAME]/]PORTS with PORTS a list of FIRST[-LAST][:TARGET],
                ~FIRST[-LAST], all, auto. See pesto(1).
                """);
    }
}
