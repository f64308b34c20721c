package io.branchwise.plugin.data;

import java.io.IOException;

/**
 * A plugin that provides a data set (CSV files, IDX images, a generator …). Found with {@link java.util.ServiceLoader},
 * so an implementation needs a public no-argument constructor and a line in
 * {@code META-INF/services/io.branchwise.plugin.data.DataSource}.
 */
public interface DataSource {
    /** The name a spec uses: {@code data: {source: csv, …}}. */
    String name();

    /** One line for {@code branchwise plugins}. */
    String description();

    /**
     * Loads the data set. Option problems throw {@link io.branchwise.plugin.SpecException} with the option's path;
     * unreadable or malformed files throw {@link DataFormatException} naming the file and line.
     */
    Dataset load(DataRequest request) throws IOException;
}
