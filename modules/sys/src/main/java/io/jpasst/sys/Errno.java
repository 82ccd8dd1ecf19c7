package io.jpasst.sys;

import io.jpasst.sys.gen.io.io_h;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;

/**
 * errno values (from the generated bindings, so per-architecture correct) with their symbolic
 * names and strerror messages, both tabulated once at class initialisation so formatting an
 * error neither calls into libc again nor depends on locale changes later. The fields are not
 * compile-time constants: compare with {@code ==}, they cannot be {@code case} labels.
 */
public final class Errno {
    private Errno() {}

    public static final int E2BIG = io_h.E2BIG();
    public static final int EACCES = io_h.EACCES();
    public static final int EADDRINUSE = io_h.EADDRINUSE();
    public static final int EADDRNOTAVAIL = io_h.EADDRNOTAVAIL();
    public static final int EADV = io_h.EADV();
    public static final int EAFNOSUPPORT = io_h.EAFNOSUPPORT();
    public static final int EAGAIN = io_h.EAGAIN();
    public static final int EALREADY = io_h.EALREADY();
    public static final int EBADE = io_h.EBADE();
    public static final int EBADF = io_h.EBADF();
    public static final int EBADFD = io_h.EBADFD();
    public static final int EBADMSG = io_h.EBADMSG();
    public static final int EBADR = io_h.EBADR();
    public static final int EBADRQC = io_h.EBADRQC();
    public static final int EBADSLT = io_h.EBADSLT();
    public static final int EBFONT = io_h.EBFONT();
    public static final int EBUSY = io_h.EBUSY();
    public static final int ECANCELED = io_h.ECANCELED();
    public static final int ECHILD = io_h.ECHILD();
    public static final int ECHRNG = io_h.ECHRNG();
    public static final int ECOMM = io_h.ECOMM();
    public static final int ECONNABORTED = io_h.ECONNABORTED();
    public static final int ECONNREFUSED = io_h.ECONNREFUSED();
    public static final int ECONNRESET = io_h.ECONNRESET();
    public static final int EDEADLK = io_h.EDEADLK();
    public static final int EDESTADDRREQ = io_h.EDESTADDRREQ();
    public static final int EDOM = io_h.EDOM();
    public static final int EDOTDOT = io_h.EDOTDOT();
    public static final int EDQUOT = io_h.EDQUOT();
    public static final int EEXIST = io_h.EEXIST();
    public static final int EFAULT = io_h.EFAULT();
    public static final int EFBIG = io_h.EFBIG();
    public static final int EHOSTDOWN = io_h.EHOSTDOWN();
    public static final int EHOSTUNREACH = io_h.EHOSTUNREACH();
    public static final int EHWPOISON = io_h.EHWPOISON();
    public static final int EIDRM = io_h.EIDRM();
    public static final int EILSEQ = io_h.EILSEQ();
    public static final int EINPROGRESS = io_h.EINPROGRESS();
    public static final int EINTR = io_h.EINTR();
    public static final int EINVAL = io_h.EINVAL();
    public static final int EIO = io_h.EIO();
    public static final int EISCONN = io_h.EISCONN();
    public static final int EISDIR = io_h.EISDIR();
    public static final int EISNAM = io_h.EISNAM();
    public static final int EKEYEXPIRED = io_h.EKEYEXPIRED();
    public static final int EKEYREJECTED = io_h.EKEYREJECTED();
    public static final int EKEYREVOKED = io_h.EKEYREVOKED();
    public static final int EL2HLT = io_h.EL2HLT();
    public static final int EL2NSYNC = io_h.EL2NSYNC();
    public static final int EL3HLT = io_h.EL3HLT();
    public static final int EL3RST = io_h.EL3RST();
    public static final int ELIBACC = io_h.ELIBACC();
    public static final int ELIBBAD = io_h.ELIBBAD();
    public static final int ELIBEXEC = io_h.ELIBEXEC();
    public static final int ELIBMAX = io_h.ELIBMAX();
    public static final int ELIBSCN = io_h.ELIBSCN();
    public static final int ELNRNG = io_h.ELNRNG();
    public static final int ELOOP = io_h.ELOOP();
    public static final int EMEDIUMTYPE = io_h.EMEDIUMTYPE();
    public static final int EMFILE = io_h.EMFILE();
    public static final int EMLINK = io_h.EMLINK();
    public static final int EMSGSIZE = io_h.EMSGSIZE();
    public static final int EMULTIHOP = io_h.EMULTIHOP();
    public static final int ENAMETOOLONG = io_h.ENAMETOOLONG();
    public static final int ENAVAIL = io_h.ENAVAIL();
    public static final int ENETDOWN = io_h.ENETDOWN();
    public static final int ENETRESET = io_h.ENETRESET();
    public static final int ENETUNREACH = io_h.ENETUNREACH();
    public static final int ENFILE = io_h.ENFILE();
    public static final int ENOANO = io_h.ENOANO();
    public static final int ENOBUFS = io_h.ENOBUFS();
    public static final int ENOCSI = io_h.ENOCSI();
    public static final int ENODATA = io_h.ENODATA();
    public static final int ENODEV = io_h.ENODEV();
    public static final int ENOENT = io_h.ENOENT();
    public static final int ENOEXEC = io_h.ENOEXEC();
    public static final int ENOKEY = io_h.ENOKEY();
    public static final int ENOLCK = io_h.ENOLCK();
    public static final int ENOLINK = io_h.ENOLINK();
    public static final int ENOMEDIUM = io_h.ENOMEDIUM();
    public static final int ENOMEM = io_h.ENOMEM();
    public static final int ENOMSG = io_h.ENOMSG();
    public static final int ENONET = io_h.ENONET();
    public static final int ENOPKG = io_h.ENOPKG();
    public static final int ENOPROTOOPT = io_h.ENOPROTOOPT();
    public static final int ENOSPC = io_h.ENOSPC();
    public static final int ENOSR = io_h.ENOSR();
    public static final int ENOSTR = io_h.ENOSTR();
    public static final int ENOSYS = io_h.ENOSYS();
    public static final int ENOTBLK = io_h.ENOTBLK();
    public static final int ENOTCONN = io_h.ENOTCONN();
    public static final int ENOTDIR = io_h.ENOTDIR();
    public static final int ENOTEMPTY = io_h.ENOTEMPTY();
    public static final int ENOTNAM = io_h.ENOTNAM();
    public static final int ENOTRECOVERABLE = io_h.ENOTRECOVERABLE();
    public static final int ENOTSOCK = io_h.ENOTSOCK();
    public static final int ENOTTY = io_h.ENOTTY();
    public static final int ENOTUNIQ = io_h.ENOTUNIQ();
    public static final int ENXIO = io_h.ENXIO();
    public static final int EOPNOTSUPP = io_h.EOPNOTSUPP();
    public static final int EOVERFLOW = io_h.EOVERFLOW();
    public static final int EOWNERDEAD = io_h.EOWNERDEAD();
    public static final int EPERM = io_h.EPERM();
    public static final int EPFNOSUPPORT = io_h.EPFNOSUPPORT();
    public static final int EPIPE = io_h.EPIPE();
    public static final int EPROTO = io_h.EPROTO();
    public static final int EPROTONOSUPPORT = io_h.EPROTONOSUPPORT();
    public static final int EPROTOTYPE = io_h.EPROTOTYPE();
    public static final int ERANGE = io_h.ERANGE();
    public static final int EREMCHG = io_h.EREMCHG();
    public static final int EREMOTE = io_h.EREMOTE();
    public static final int EREMOTEIO = io_h.EREMOTEIO();
    public static final int ERESTART = io_h.ERESTART();
    public static final int ERFKILL = io_h.ERFKILL();
    public static final int EROFS = io_h.EROFS();
    public static final int ESHUTDOWN = io_h.ESHUTDOWN();
    public static final int ESOCKTNOSUPPORT = io_h.ESOCKTNOSUPPORT();
    public static final int ESPIPE = io_h.ESPIPE();
    public static final int ESRCH = io_h.ESRCH();
    public static final int ESRMNT = io_h.ESRMNT();
    public static final int ESTALE = io_h.ESTALE();
    public static final int ESTRPIPE = io_h.ESTRPIPE();
    public static final int ETIME = io_h.ETIME();
    public static final int ETIMEDOUT = io_h.ETIMEDOUT();
    public static final int ETOOMANYREFS = io_h.ETOOMANYREFS();
    public static final int ETXTBSY = io_h.ETXTBSY();
    public static final int EUCLEAN = io_h.EUCLEAN();
    public static final int EUNATCH = io_h.EUNATCH();
    public static final int EUSERS = io_h.EUSERS();
    public static final int EXDEV = io_h.EXDEV();
    public static final int EXFULL = io_h.EXFULL();

    // aliases of values above; name() reports the canonical spelling
    public static final int EDEADLOCK = io_h.EDEADLOCK();
    public static final int ENOTSUP = io_h.ENOTSUP();
    public static final int EWOULDBLOCK = io_h.EWOULDBLOCK();

    /**
     * Names and messages, built on first use: only error paths need them, and building them
     * (reflection over the constants, a strerror call each) cost start-up time every run.
     */
    private static final class Texts {
        static final String[] NAMES;
        static final String[] MESSAGES;

        static {
            Field[] fields = Arrays.stream(Errno.class.getDeclaredFields())
                    .filter(f -> Modifier.isPublic(f.getModifiers()) && f.getType() == int.class)
                    .toArray(Field[]::new);
            int max = Arrays.stream(fields).mapToInt(Errno::value).max().orElse(0);
            NAMES = new String[max + 1];
            MESSAGES = new String[max + 1];
            for (Field f : fields) {
                int v = value(f);
                if (NAMES[v] == null || isAlias(NAMES[v])) {
                    NAMES[v] = f.getName();
                }
            }
            for (int e = 0; e <= max; e++) {
                // strerror returns a pointer to a NUL-terminated string of unknown length
                MESSAGES[e] = io_h.strerror(e).reinterpret(Long.MAX_VALUE).getString(0);
            }
        }
    }

    private static boolean isAlias(String name) {
        return name.equals("EWOULDBLOCK") || name.equals("EDEADLOCK") || name.equals("ENOTSUP");
    }

    private static int value(Field f) {
        try {
            return f.getInt(null);
        } catch (IllegalAccessException e) {
            throw new AssertionError(e);
        }
    }

    /** Symbolic name ({@code "EAGAIN"}) of an errno value or of its negation; never null. */
    public static String name(int errno) {
        int e = Math.abs(errno);
        return e < Texts.NAMES.length && Texts.NAMES[e] != null ? Texts.NAMES[e] : "errno " + e;
    }

    /** strerror text for an errno value or its negation; never null. */
    public static String message(int errno) {
        int e = Math.abs(errno);
        return e < Texts.MESSAGES.length ? Texts.MESSAGES[e] : "Unknown error " + e;
    }

    /** {@code "EAGAIN (Resource temporarily unavailable)"}: for logs and exceptions. */
    public static String describe(int errno) {
        return name(errno) + " (" + message(errno) + ")";
    }
}
