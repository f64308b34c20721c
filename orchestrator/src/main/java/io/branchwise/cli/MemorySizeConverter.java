package io.branchwise.cli;

import io.branchwise.launcher.JvmSize;
import picocli.CommandLine;

/**
 * Checks a memory-size option ({@code --heap 2g}) as picocli reads it, so a typo is refused with the option's name
 * and the usage before anything starts, not when a trainer process fails to launch. The text is kept as given: it
 * becomes {@code -Xmx}.
 */
final class MemorySizeConverter implements CommandLine.ITypeConverter<String> {
    @Override
    public String convert(String value) {
        try {
            JvmSize.bytes(value);
            return value;
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
