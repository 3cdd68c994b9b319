/**
 * An HTTP/1.1 server for streaming uploads on top of the Loopwork connection core.
 *
 * <h2>Pieces</h2>
 * <ul>
 *   <li>{@link dev.loopwork.http.HttpServer}: the {@link dev.loopwork.ConnectionInitializer}, built
 *       with {@link dev.loopwork.http.HttpLimits}, {@link dev.loopwork.http.HttpTimeouts} and a
 *       {@link dev.loopwork.http.RequestHandler}.</li>
 *   <li>{@link dev.loopwork.http.RequestHandler} gets each {@link dev.loopwork.http.HttpRequest}
 *       head and a {@link dev.loopwork.http.Response}, and returns the
 *       {@link dev.loopwork.http.BodyConsumer} that streams the body, with
 *       {@link dev.loopwork.http.BodyControl} for backpressure.</li>
 *   <li>{@link dev.loopwork.http.Multipart} turns a {@code multipart/form-data} body into parts for a
 *       {@link dev.loopwork.http.PartHandler}.</li>
 *   <li>{@link dev.loopwork.http.FileUploadHandler} stores uploads in owner-only files and answers
 *       their sizes and SHA-256; the loopwork-upload-server tool runs it from the command line.</li>
 * </ul>
 *
 * <h2>Threads</h2>
 * Handlers and consumers run on the connection's loop thread and must not block. Responses and
 * body controls may be used from any thread.
 */
package dev.loopwork.http;
