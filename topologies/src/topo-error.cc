#include "ndksim/topo/topo-error.h"

namespace ndksim::topo
{

TopoError::TopoError(const std::string& message, const std::string& file, std::size_t line)
    : std::runtime_error(Format(message, file, line)),
      m_message(message),
      m_file(file),
      m_line(line)
{
}

const std::string&
TopoError::GetMessage() const
{
    return m_message;
}

const std::string&
TopoError::GetFile() const
{
    return m_file;
}

std::size_t
TopoError::GetLine() const
{
    return m_line;
}

TopoError
TopoError::InFile(const std::string& file) const
{
    if (!m_file.empty() || file.empty())
    {
        return *this;
    }
    return TopoError(m_message, file, m_line);
}

std::string
TopoError::Format(const std::string& message, const std::string& file, std::size_t line)
{
    if (file.empty())
    {
        return message;
    }
    if (line == 0)
    {
        return file + ": " + message;
    }
    return file + ":" + std::to_string(line) + ": " + message;
}

} // namespace ndksim::topo
